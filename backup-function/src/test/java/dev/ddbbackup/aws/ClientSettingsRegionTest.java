package dev.ddbbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** AWS_DEFAULT_REGION, which the SDK's own region chain does not read, where the AWS CLI reads it. */
class ClientSettingsRegionTest {

    @Test
    void awsDefaultRegionIsTheRegionWhenNothingBeforeItIsSet() {
        assertThat(ClientSettings.defaultRegion(Map.of("AWS_DEFAULT_REGION", "eu-west-1"), null)).isEqualTo(Region.EU_WEST_1);
        // fromEnvironment also reads this process's aws.region property, which comes first.
        assertThat(ClientSettings.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "eu-central-1")).region())
                .isEqualTo(System.getProperty("aws.region") == null ? Optional.of(Region.EU_CENTRAL_1) : Optional.empty());
    }

    @Test
    void awsRegionAndTheRegionPropertyComeFirst() {
        assertThat(ClientSettings.defaultRegion(Map.of("AWS_DEFAULT_REGION", "eu-west-1", "AWS_REGION", "us-east-2"), null))
                .isNull();
        assertThat(ClientSettings.defaultRegion(Map.of("AWS_DEFAULT_REGION", "eu-west-1"), "us-east-2")).isNull();
        assertThat(ClientSettings.defaultRegion(Map.of(), null)).isNull();
    }
}
