package io.jkeepalived.check;

/**
 * What the checkers say about one real server.
 *
 * @param alive  every checker is up (keepalived's rule: a real server is down while any of its checkers is down)
 * @param weight the weight to program: the configured weight plus what misc_dynamic checkers add, clamped to
 *               0..2^31-1. It changes while the server is down too; a pool manager applies it when the server is
 *               (or comes back) alive
 */
public record RealServerHealth(boolean alive, int weight) {
    @Override
    public String toString() {
        return (alive ? "UP" : "DOWN") + " weight " + weight;
    }
}
