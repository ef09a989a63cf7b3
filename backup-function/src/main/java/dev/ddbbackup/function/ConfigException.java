package dev.ddbbackup.function;

/** A configuration value is missing or cannot be parsed; the message names the variable. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
