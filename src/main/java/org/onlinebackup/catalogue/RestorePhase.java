package org.onlinebackup.catalogue;

/**
 * The order in which a restore creates objects, so that each finds what it depends on and nothing fires before the
 * data is in: accounts (the definers), databases, sequences (table defaults use them), tables, routines (views call
 * functions), views (in dependency order), then the data, then triggers (after the data, so no trigger fires on
 * restored rows), events (created disabled), grants (on objects that exist by then), and last each event's own
 * status.
 */
public enum RestorePhase {
    ACCOUNTS,
    DATABASES,
    SEQUENCES,
    TABLES,
    ROUTINES,
    VIEWS,
    /** Table data: loaded between the definitions above and the objects below. */
    DATA,
    TRIGGERS,
    EVENTS,
    GRANTS,
    EVENT_STATUS
}
