package dev.ddbbackup.local;

import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.aws.ClientSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

public class EmbeddedServersTry {
    public static void main(String[] a) throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedServers s = EmbeddedServers.start(0, 0)) {
            System.out.println("started in " + (System.nanoTime() - t0) / 1e6 + " ms " + s.dynamoDbEndpoint() + " " + s.s3Endpoint());
            ClientSettings cs = ClientSettings.builder().dynamoDbEndpoint(s.dynamoDbEndpoint()).s3Endpoint(s.s3Endpoint())
                .region(Region.of("us-east-1")).credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
            var ddb = AwsClients.dynamoDb(cs);
            System.out.println(ddb.listTables());
            var s3 = AwsClients.s3(cs);
            s3.createBucket(b -> b.bucket("x"));
            System.out.println(s3.listBuckets().buckets());
        }
    }
}
