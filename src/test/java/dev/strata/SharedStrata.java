package dev.strata;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets Spring test classes of the same configuration share one running Strata with the demo data,
 * started once on a data directory of its own; a class marked {@link FreshDataDirectory} as well gets
 * one of its own instead. Sharing is for classes that change nothing another class reads: no merges
 * into or settings of the demo's applications (a copy of one, {@link DemoCopies}, is the class's own),
 * no failed sign-ins (the throttle counts them per address), and what else they change put back.
 */
@Target(ElementType.ANNOTATION_TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@interface SharedStrata {}
