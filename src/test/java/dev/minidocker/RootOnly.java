package dev.minidocker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Marks tests that need root (namespaces, mounts, cgroups, a local registry). They are tagged
 * "root" and skip cleanly, with a reason, when the test JVM is not root.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("root")
@EnabledIf(value = "dev.minidocker.Privileges#isRoot", disabledReason = "needs root")
public @interface RootOnly {
}
