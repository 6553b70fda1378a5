-- The ingest write is one statement (server/ingest/lead-write-pg.ts). When its key's claim and its proof's
-- spending disagree (one lost a race, the other did not), it calls this: the error undoes the statement,
-- so a lost claim leaves no spent proof and a spent proof no claim. SQL alone cannot raise an error.
CREATE FUNCTION leadgate_undone(reason text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'LG001', MESSAGE = reason;
END
$$;
