package io.tcpwhy.cli;

import io.tcpwhy.model.Annotation;
import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.ConnectionReport;
import io.tcpwhy.model.DiagnosisCode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --fail-on}: which reported connections make the run exit with status 1, for CI.
 * {@code problems} is every diagnosis that is not an orderly end; otherwise a comma list of
 * diagnosis codes and annotation codes, e.g. {@code RST_UNREAD_DATA,ZERO_WINDOW}.
 */
record FailOn(boolean problems, Set<DiagnosisCode> diagnoses, Set<AnnotationCode> annotations) {

    static final String PROBLEMS = "problems";

    FailOn {
        diagnoses = Set.copyOf(diagnoses);
        annotations = Set.copyOf(annotations);
    }

    boolean matches(ConnectionReport c) {
        if (problems && c.isProblem() || diagnoses.contains(c.diagnosis().code())) {
            return true;
        }
        for (Annotation a : c.annotations()) {
            if (annotations.contains(a.code())) {
                return true;
            }
        }
        return false;
    }

    static FailOn parse(String text) {
        boolean problems = false;
        Set<DiagnosisCode> diagnoses = EnumSet.noneOf(DiagnosisCode.class);
        Set<AnnotationCode> annotations = EnumSet.noneOf(AnnotationCode.class);
        for (String item : text.split(",", -1)) {
            String word = item.strip();
            if (word.equalsIgnoreCase(PROBLEMS)) {
                problems = true;
                continue;
            }
            String code = word.toUpperCase(Locale.ROOT);
            if (isDiagnosis(code)) {
                diagnoses.add(DiagnosisCode.valueOf(code));
            } else if (isAnnotation(code)) {
                annotations.add(AnnotationCode.valueOf(code));
            } else {
                throw new IllegalArgumentException("unknown code '" + word + "' (expected problems, a diagnosis code such as "
                        + "RST_UNREAD_DATA, or an annotation code such as ZERO_WINDOW)");
            }
        }
        return new FailOn(problems, diagnoses, annotations);
    }

    private static boolean isDiagnosis(String code) {
        for (DiagnosisCode d : DiagnosisCode.values()) {
            if (d.name().equals(code)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAnnotation(String code) {
        for (AnnotationCode a : AnnotationCode.values()) {
            if (a.name().equals(code)) {
                return true;
            }
        }
        return false;
    }

    static final class Converter implements ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
