"""Events and B2B matchmaking: calendar, registration, meeting requests, schedules, check-in."""
