"""Background work on a job queue (Huey): source refreshes, renders, webhook deliveries, the schedule."""
