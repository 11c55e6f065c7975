@federal @nc
Feature: A line identical to one billed before is a duplicate
  Of two identical lines (same member, date of service, procedure, modifiers, rendering peer
  and units) the later one is the duplicate, whether the earlier one is in the same claim or
  was paid before (history).

  Background:
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a peer with NPI 1987654328 holding credential NC-CPSS issued 2019-11-01

  @FED-DUP-0001
  Scenario: A line identical to a line paid before is denied as a duplicate
    Given a history line H0038 with no modifiers units 4 on 2026-03-02 by NPI 1987654328
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1987654328
    When the claim is checked
    Then the claim has a finding by rule FED-DUP-0001 with severity error and CARC 18
    And the claim is rejected

  @FED-DUP-0001
  Scenario: The second of two identical lines in one claim is denied as a duplicate
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1987654328
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1987654328
    When the claim is checked
    Then the claim has a finding by rule FED-DUP-0001
    And the expected payment of line 1 is 47.88
    And the expected payment of line 2 is 0.00

  @FED-DUP-0001
  Scenario Outline: A line that differs from a paid line in any of its identity is not a duplicate
    Given a history line H0038 with modifiers <modifiers> units <units> on <date> by NPI <peer>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1987654328
    When the claim is checked
    Then the claim has no finding by rule FED-DUP-0001

    Examples:
      | differs in     | modifiers | units | date       | peer       |
      | date           | none      | 4     | 2026-03-03 | 1987654328 |
      | modifiers      | HQ        | 4     | 2026-03-02 | 1987654328 |
      | units          | none      | 2     | 2026-03-02 | 1987654328 |
      | rendering peer | none      | 4     | 2026-03-02 | 1234567893 |
