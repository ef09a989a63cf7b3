package dev.ddbbackup.testing;

/**
 * A key for the command lines a test runs in its own JVM: they build their clients from the default
 * credentials chain, whose first link is the system properties {@code aws.accessKeyId} and
 * {@code aws.secretAccessKey}. {@link #set} puts a key there; {@link #close()} puts back what was there.
 */
public final class CredentialProperties implements AutoCloseable {

    private static final String KEY = "aws.accessKeyId";
    private static final String SECRET = "aws.secretAccessKey";

    private final String previousKey;
    private final String previousSecret;

    private CredentialProperties(String previousKey, String previousSecret) {
        this.previousKey = previousKey;
        this.previousSecret = previousSecret;
    }

    public static CredentialProperties set(String accessKey, String secretKey) {
        return new CredentialProperties(System.setProperty(KEY, accessKey), System.setProperty(SECRET, secretKey));
    }

    /** Puts back the properties as they were before {@link #set}. */
    @Override
    public void close() {
        restore(KEY, previousKey);
        restore(SECRET, previousSecret);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
