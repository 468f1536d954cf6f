hourly_schedule = "rate(1 hour)"
