@federal @nc
Feature: An MCO pays only its network providers, for the services and units their contract covers
  When the payer is a managed-care organization, the billing provider must hold a contract with
  it in force on the date of service; the contract must list the line's procedure with the
  modifiers that define its service (a delivery modifier such as GT or 95 on the line does not
  change the service; one the contract lists restricts it to lines with it); and the member's units of that service in the contract's cap period (day,
  week, month or year) stay within the contract's cap.

  Background:
    Given a payer "NC-MCO-1" of state NC kind mco
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01

  @FED-CONT-0001
  Scenario: A billing provider without a contract with the MCO is denied as out of network
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CONT-0001 with severity error and CARC 242 and RARC N381
    And the claim is rejected

  @FED-CONT-0001
  Scenario Outline: The contract must be in force on the date of service
    Given a contract of payer "NC-MCO-1" with the billing provider from <start> to <end> covering H0038 with no modifiers at 15.00 per unit
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CONT-0001

    Examples:
      | start      | end        | verdict        |
      | 2025-01-01 | open       | has no finding |
      | 2025-01-01 | 2026-03-02 | has no finding |
      | 2024-01-01 | 2026-03-01 | has a finding  |
      | 2026-03-03 | open       | has a finding  |

  @FED-CONT-0001
  Scenario: A claim to a fee-for-service payer needs no contract
    Given a payer "NC-DHB" of state NC kind ffs
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CONT-0001

  @FED-CONT-0002
  Scenario Outline: The contract covers the line's procedure with exactly its modifiers
    Given a contract of payer "NC-MCO-1" with the billing provider from 2025-01-01 to open covering H0038 with modifiers HQ at 3.50 per unit
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CONT-0002

    Examples:
      | modifiers | verdict        |
      | HQ        | has no finding |
      | none      | has a finding  |

  @FED-CONT-0002
  Scenario Outline: The contract covers a telehealth line of a service it lists, and a telehealth-only service only by telehealth
    Given a contract of payer "NC-MCO-1" with the billing provider from 2025-01-01 to open covering H0038 with modifiers <listed modifiers> at 3.50 per unit
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CONT-0002
    And the line's expected payment is <payment>

    Examples:
      | listed modifiers | modifiers | verdict        | payment |
      | HE               | HE GT     | has no finding | 14.00   |
      | HE               | GT HE 59  | has no finding | 14.00   |
      | HE GT            | HE GT     | has no finding | 14.00   |
      | HE GT            | HE        | has a finding  | 0.00    |
      | HE               | HF GT     | has a finding  | 0.00    |

  @FED-CONT-0002
  Scenario: A service the contract does not list is denied
    Given a contract of payer "NC-MCO-1" with the billing provider from 2025-01-01 to open covering H0038 with modifiers HQ at 3.50 per unit
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CONT-0002 with severity error and CARC 96

  @FED-CONT-0003
  Scenario: Over the contract's cap, the fix names how many units fit
    Given a contract of payer "NC-MCO-1" with the billing provider from 2025-01-01 to open covering H0038 with no modifiers at 15.00 per unit capped at 24 units per month
    And a history line H0038 with no modifiers units 20 on 2026-03-01 by NPI 1234567893
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CONT-0003 with severity error
    And the finding by rule FED-CONT-0003 says "Bill at most 4 units of H0038 for 2026-03-02: 20 of the contract's 24 per month"
    And the claim is rejected

  @FED-CONT-0003
  Scenario Outline: The member's units in the contract's cap period stay within its cap
    Given a contract of payer "NC-MCO-1" with the billing provider from 2025-01-01 to open covering H0038 with no modifiers at 15.00 per unit capped at <cap> units per <per>
    And a history line H0038 with no modifiers units <earlier units> on <earlier date> by NPI 1234567893
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CONT-0003

    Examples:
      | cap | per   | earlier units | earlier date | units in the period | verdict        |
      | 8   | day   | 4             | 2026-03-02   | 8                   | has no finding |
      | 8   | day   | 5             | 2026-03-02   | 9                   | has a finding  |
      | 8   | day   | 8             | 2026-03-01   | 4                   | has no finding |
      | 24  | month | 20            | 2026-03-01   | 24                  | has no finding |
      | 24  | month | 21            | 2026-03-01   | 25                  | has a finding  |
      | 24  | month | 21            | 2026-02-28   | 4                   | has no finding |

  @FED-CONT-0003
  Scenario: Units beyond the contract's cap are denied
    Given a contract of payer "NC-MCO-1" with the billing provider from 2025-01-01 to open covering H0038 with no modifiers at 15.00 per unit capped at 8 units per day
    And a claim line H0038 with no modifiers units 12 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CONT-0003 with severity error and CARC 222
