"""What the tests share: the fake Bot API and harness, the office's and the report's fixtures,
spreadsheets, processes, buttons and the live demo bot. Test files import from here, never from
one another."""
