package dev.krr.cli;

/** Placeholder main until the CLI lands. */
public final class KrrCommand {
    public static void main(String[] args) {
    }
}
