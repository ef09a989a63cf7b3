package dev.ddbbackup.config;

/**
 * A configuration value is missing or cannot be parsed; the message names the variable. Thrown by
 * every Lambda of the project that reads its environment (the backup function, the fan-out jobs),
 * so it lives below them all.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
