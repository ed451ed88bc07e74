package dev.strata;

import org.springframework.core.Ordered;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Points Spring Security's static holder at the strategy of the Strata the test runs against. Vaadin
 * sets that global to a strategy of its own (one thread-local each) whenever a Strata starts, so after
 * a class with a Strata of its own ({@link FreshDataDirectory}) the holder would still point at that
 * one: a view test on the shared Strata ({@link ApiTest}, {@link ViewTest}) would sign in with
 * {@code @WithUserDetails} on the other Strata's strategy while the views read their own, and find
 * nobody signed in.
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
