package dev.strata;

import org.springframework.core.Ordered;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Points Spring Security's static holder at the strategy of the Strata the test runs against. Vaadin
 * sets that global to a strategy of its own (one thread-local each) whenever a Strata starts, so with
 * the shared Stratas of {@link ApiTest} and {@link ViewTest} alive in one JVM the last one started
 * would win: a view test's {@code @WithUserDetails} would sign in on its own Strata's strategy while
 * the views read the other's, and find nobody signed in.
 */
class SecurityOfTheTestsStrata extends AbstractTestExecutionListener {

    /** Before {@code @WithUserDetails} puts the person in. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        testContext
                .getApplicationContext()
                .getBeanProvider(SecurityContextHolderStrategy.class)
                .ifAvailable(SecurityContextHolder::setContextHolderStrategy);
    }
}
