package io.jkeepalived.it.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that boots the kernel lab VM. The lab is prepared once before the class; when a
 * prerequisite is missing the class fails under CI=true and is skipped, with the reason, otherwise.
 * Test methods and constructors may take a {@link KernelLab} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel-lab")
@ExtendWith(KernelLabExtension.class)
public @interface KernelLabTest {
}
