package io.jkeepalived.daemon;

/** Placeholder entry point; the command line is written by the foundation issue. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("jkeepalived");
    }
}
