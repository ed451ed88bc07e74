package dev.strata;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the views without a browser (browserless-test) against Strata with the demo data. It is
 * the Strata of {@link ApiTest}, port and all: browserless-test drives the views through a servlet of
 * its own beside the running server, so the view and API classes share one Strata per JVM rather than
 * starting two. Add {@link FreshDataDirectory} to a class that changes what others read, and it gets
 * one of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ApiTest
public @interface ViewTest {}
