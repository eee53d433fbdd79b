package org.onlinebackup.history;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link OperationState} as its WL#4116 word. */
@Converter
public class OperationStateConverter implements AttributeConverter<OperationState, String> {
    @Override
    public String convertToDatabaseColumn(OperationState state) {
        return state == null ? null : state.word();
    }

    @Override
    public OperationState convertToEntityAttribute(String word) {
        return word == null ? null : OperationState.of(word);
    }
}
