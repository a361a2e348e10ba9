package io.jkeepalived.it.lab;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Prepares the kernel lab before a test class and hands it to the tests. A missing prerequisite fails the
 * class when the environment says CI=true (a CI machine must have everything), and skips it otherwise.
 * A lab that is available but broken always fails.
 */
public final class KernelLabExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KernelLabExtension.class);

    /** What preparing gave: the lab, or why there is none. Kept in the root store, so once per test run. */
    private record Preparation(KernelLab lab, KernelLabUnavailable unavailable) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Preparation preparation = preparation(context);
        if (preparation.unavailable() != null) {
            String reason = "kernel lab unavailable: " + preparation.unavailable().getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI=true: every prerequisite must be installed)",
                        preparation.unavailable());
            }
            Assumptions.abort(reason + " (skipped because CI is not true)");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KernelLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return preparation(extensionContext).lab();
    }

    private static Preparation preparation(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Preparation.class, key -> {
            KernelLab lab = KernelLab.locate();
            try {
                lab.prepare();
                return new Preparation(lab, null);
            } catch (KernelLabUnavailable e) {
                return new Preparation(lab, e);
            }
        }, Preparation.class);
    }
}
