package io.pgswap.engine;

/** What a migration changes. */
public enum Operation {
    ADD_NOT_NULL("add-not-null"),
    REPACK("repack");

    private final String command;

    Operation(String command) {
        this.command = command;
    }

    public String command() {
        return command;
    }

    public static Operation fromCommand(String command) {
        for (Operation o : values()) {
            if (o.command.equals(command)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown operation " + command);
    }
}
