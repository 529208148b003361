-- Model builds lock per model (io.martflow.warehouse.models.BuildLocks: a model's own name
-- exclusive, its dependencies shared, taken before the build's snapshot) instead of one lock that
-- every core model held exclusively inside its transaction: a mart no longer waits for core models
-- it does not read.
drop function ctl.lock_build(boolean);
