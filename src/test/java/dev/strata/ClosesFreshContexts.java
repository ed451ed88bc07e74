package dev.strata;

import org.springframework.core.Ordered;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Closes the Strata of a class marked {@link FreshDataDirectory} when the class is done: no other
 * class can use it, and kept in Spring's context cache it would go on running its background tasks
 * beside the next classes' on a two-core machine. This takes the place of a {@code @DirtiesContext}
 * on each such class.
 */
class ClosesFreshContexts extends AbstractTestExecutionListener {

    /** Last among the listeners after a class, so that none of them finds its context closed. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        if (TestContextAnnotationUtils.hasAnnotation(testContext.getTestClass(), FreshDataDirectory.class)) {
            testContext.markApplicationContextDirty(DirtiesContext.HierarchyMode.EXHAUSTIVE);
        }
    }
}
