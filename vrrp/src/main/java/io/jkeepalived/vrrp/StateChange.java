package io.jkeepalived.vrrp;

/**
 * One state transition, in the order the instance made it.
 *
 * @param priority the effective priority at the time (what notify scripts receive)
 */
public record StateChange(String instance, VrrpState from, VrrpState to, TransitionCause cause, int priority) {
}
