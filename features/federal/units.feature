@federal @oh
Feature: A per-15-minute code is billed in whole units, one date of service per line
  H0038 and the other per-15-minute codes count whole 15-minute periods: SV104 is a whole number
  (FED-UNIT-0001). Their units cannot be placed on the days of an RD8 date range, so a line whose
  DTP*472 range spans more than one day is refused ("bill each date of service on its own line",
  FED-UNIT-0002), and its units count toward no daily limit, on its first day or any other.

  Background:
    Given a payer "OH-MCD" of state OH kind ffs
    And a member "OH-100" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential OH-CPRS issued 2019-01-01

  @FED-UNIT-0001
  Scenario Outline: Units of a per-15-minute code are whole units
    Given a claim line H0038 with no modifiers units <units> on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-UNIT-0001

    Examples:
      | units | verdict        |
      | 3     | has no finding |
      | 3.0   | has no finding |
      | 2.5   | has a finding  |

  @FED-UNIT-0001
  Scenario: A fraction of a unit is denied and not priced
    Given a claim line H0038 with no modifiers units 2.5 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-UNIT-0001 with severity error and CARC 16 and RARC M53
    And the finding by rule FED-UNIT-0001 says "a unit count of a timed code is a whole number"
    And the expected payment of line 1 is 0.00
    And the claim is rejected

  @FED-UNIT-0002
  Scenario Outline: A per-15-minute line is for one date of service
    Given a claim line H0038 with no modifiers units 8 on 2026-03-02 through <end>
    When the claim is checked
    Then the claim <verdict> by rule FED-UNIT-0002

    Examples:
      | end        | verdict        |
      | 2026-03-02 | has no finding |
      | 2026-03-03 | has a finding  |

  @FED-UNIT-0002
  Scenario: A range of several days is denied: bill each date of service on its own line
    Given a claim line H0038 with no modifiers units 24 on 2026-03-02 through 2026-03-04
    When the claim is checked
    Then the claim has a finding by rule FED-UNIT-0002 with severity error and CARC 16 and RARC N345
    And the finding by rule FED-UNIT-0002 says "Bill each date of service on its own line"
    And the claim is rejected

  @FED-UNIT-0002 @OH-LIM-0001
  Scenario: A range's units are never counted on its first day
    Given a claim line H0038 with no modifiers units 24 on 2026-03-02 through 2026-03-04
    And a claim line H0038 with no modifiers units 16 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-UNIT-0002
    And the claim has no finding by rule OH-LIM-0001
    And the expected payment of line 1 is 0.00
