package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpwhy.model.AnnotationCode;
import io.tcpwhy.model.DiagnosisCode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailOnTest {

    @Test
    void problemsKeywordAndCodesMixInOneList() {
        FailOn f = FailOn.parse("problems, rst_unread_data,ZERO_WINDOW");
        assertTrue(f.problems());
        assertEquals(Set.of(DiagnosisCode.RST_UNREAD_DATA), f.diagnoses());
        assertEquals(Set.of(AnnotationCode.ZERO_WINDOW), f.annotations());
    }

    @Test
    void unknownAndEmptyCodesAreRejectedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FailOn.parse("RESET"));
        assertTrue(e.getMessage().contains("unknown code 'RESET' (expected problems"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FailOn.parse("ORDERLY,"));
    }

    @Test
    void onlyCodesNamedMatch() {
        FailOn f = FailOn.parse("REFUSED");
        assertFalse(f.problems());
        assertTrue(f.diagnoses().contains(DiagnosisCode.REFUSED));
        assertFalse(f.diagnoses().contains(DiagnosisCode.ORDERLY));
    }
}
