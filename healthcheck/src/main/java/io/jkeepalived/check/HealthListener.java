package io.jkeepalived.check;

/**
 * Receives every change of a real server's health. Called on the checkers' event loop: it must return quickly
 * and never block (hand IPVS work to another thread or queue it).
 *
 * @param <K> the caller's key for a real server
 */
@FunctionalInterface
public interface HealthListener<K> {
    void healthChanged(K server, RealServerHealth previous, RealServerHealth current);
}
