package dev.strata;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A test of the views without a browser (browserless-test) against Strata with the demo data. The
 * classes marked so share one Strata ({@link SharedStrata}); add {@link FreshDataDirectory} to a class
 * that changes what others read, and it gets one of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(properties = "strata.demo=true")
@SharedStrata
public @interface ViewTest {}
