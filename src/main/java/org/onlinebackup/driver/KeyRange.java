package org.onlinebackup.driver;

/**
 * One key range of a table, read as one unit: range {@code index} of the table's ranges, the rows whose key column
 * {@code column} is at least {@code lower} (no lower bound when null) and below {@code upper} (no upper bound when
 * null). The bounds are integer literals. A table that is not split has one range, {@link #WHOLE}, with no key.
 */
public record KeyRange(int index, String column, String lower, String upper) {

    /** The only range of a table that is not split. */
    public static final KeyRange WHOLE = new KeyRange(0, null, null, null);

    /** The WHERE clause that selects this range, or "" for the whole table. */
    public String where(String quotedColumn) {
        if (column == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(" WHERE ");
        if (lower != null) {
            b.append(quotedColumn).append(" >= ").append(lower);
        }
        if (upper != null) {
            b.append(lower != null ? " AND " : "").append(quotedColumn).append(" < ").append(upper);
        }
        return b.toString();
    }

    /** {@code 3:id[100,200)}, for the plan file. */
    public String describe() {
        return column == null ? index + ":*" : index + ":" + column + "[" + (lower == null ? "" : lower) + ","
                + (upper == null ? "" : upper) + ")";
    }
}
