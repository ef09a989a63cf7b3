package dev.ddbbackup.local.s3;

import com.adobe.testing.s3mock.service.BucketService;
import com.adobe.testing.s3mock.store.BucketStore;
import com.adobe.testing.s3mock.store.ObjectStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.reflect.Field;
import java.time.format.DateTimeFormatter;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Added to S3Mock's Spring context (see {@link S3MockServer}): replaces two of S3Mock's beans, each
 * by a subclass built from exactly the same parts, before any controller gets them: the bucket
 * store by an {@link IndexedBucketStore} and the bucket service by an {@link UnpagedVersionListing}.
 */
@Configuration(proxyBeanMethods = false)
public class S3MockFixesConfiguration {

    @Bean
    static BeanPostProcessor s3MockFixes() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean.getClass() == BucketStore.class) {
                    return indexed((BucketStore) bean);
                }
                if (bean.getClass() == BucketService.class) {
                    return new UnpagedVersionListing(field(bean, BucketService.class, "bucketStore", BucketStore.class),
                            field(bean, BucketService.class, "objectStore", ObjectStore.class));
                }
                return bean;
            }
        };
    }

    /** S3Mock's store has no accessors for its settings; they are read from its fields. */
    static IndexedBucketStore indexed(BucketStore store) {
        return new IndexedBucketStore(field(store, BucketStore.class, "rootFolder", File.class),
                field(store, BucketStore.class, "s3ObjectDateFormat", DateTimeFormatter.class),
                field(store, BucketStore.class, "region", String.class),
                field(store, BucketStore.class, "objectMapper", ObjectMapper.class));
    }

    private static <T> T field(Object bean, Class<?> owner, String name, Class<T> type) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return type.cast(field.get(bean));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(owner.getSimpleName() + " has no field " + name
                    + " (S3Mock version changed?); start S3Mock without the fixes", e);
        }
    }
}
