package io.jkeepalived.it.lab;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Prepares the kernel lab before a test class and hands it to the tests. A missing prerequisite fails the
 * class when the environment says CI=true (a CI machine must have everything), and skips it otherwise
 * (as disabled, so the reason shows in the test report). A lab that is available but broken always fails.
 */
public final class KernelLabExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KernelLabExtension.class);

    /** What preparing gave: the lab, or why there is none. Kept in the root store, so once per test run. */
    private record Preparation(KernelLab lab, KernelLabUnavailable unavailable) {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Preparation preparation = preparation(context);
        if (preparation.unavailable() != null && !onCi()) {
            return ConditionEvaluationResult.disabled("kernel lab unavailable (skipped because CI is not true): "
                    + preparation.unavailable().getMessage());
        }
        return ConditionEvaluationResult.enabled("kernel lab prepared");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Preparation preparation = preparation(context);
        if (preparation.unavailable() != null) {
            // Only reached on CI: elsewhere the condition above has disabled the class.
            throw new AssertionError("kernel lab unavailable (CI=true: every prerequisite must be installed): "
                    + preparation.unavailable().getMessage(), preparation.unavailable());
        }
    }

    private static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
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
