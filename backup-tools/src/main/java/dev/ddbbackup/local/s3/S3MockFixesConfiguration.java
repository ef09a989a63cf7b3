package dev.ddbbackup.local.s3;

import com.adobe.testing.s3mock.store.BucketStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.reflect.Field;
import java.time.format.DateTimeFormatter;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Added to S3Mock's Spring context (see {@link S3Servers}): replaces S3Mock's bucket store by an
 * {@link IndexedBucketStore} built with exactly the same settings, before any controller gets it.
 */
@Configuration(proxyBeanMethods = false)
public class IndexedStoreConfiguration {

    @Bean
    static BeanPostProcessor indexedBucketStore() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean.getClass() == BucketStore.class ? indexed((BucketStore) bean) : bean;
            }
        };
    }

    /** S3Mock's store has no accessors for its settings; they are read from its fields. */
    static IndexedBucketStore indexed(BucketStore store) {
        return new IndexedBucketStore(field(store, "rootFolder", File.class),
                field(store, "s3ObjectDateFormat", DateTimeFormatter.class),
                field(store, "region", String.class),
                field(store, "objectMapper", ObjectMapper.class));
    }

    private static <T> T field(BucketStore store, String name, Class<T> type) {
        try {
            Field field = BucketStore.class.getDeclaredField(name);
            field.setAccessible(true);
            return type.cast(field.get(store));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("S3Mock's BucketStore has no field " + name
                    + " (S3Mock version changed?); start S3Mock without the in-memory index", e);
        }
    }
}
