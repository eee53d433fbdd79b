package org.onlinebackup.cli;

/**
 * One JSON object on one line, {@code {"event":"...", ...}}, for {@code --json}; null values are written as null, a
 * collection as an array of strings.
 */
final class JsonLine {
    private final StringBuilder b = new StringBuilder("{");

    JsonLine(String event) {
        add("event", event);
    }

    JsonLine add(String name, Object value) {
        if (b.length() > 1) {
            b.append(',');
        }
        quote(name);
        b.append(':');
        if (value == null) {
            b.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            b.append(value);
        } else if (value instanceof java.util.Collection<?> list) {
            b.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(String.valueOf(o));
            }
            b.append(']');
        } else {
            quote(value.toString());
        }
        return this;
    }

    private void quote(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return b + "}";
    }
}
