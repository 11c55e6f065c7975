@federal
Feature: Expected payment is the billed charge or the units at the rate in force, whichever is less
  A line's rate is the MCO contract's rate per unit when the payer is an MCO with a contract
  covering the service, else the state fee schedule in force on the date of service (North
  Carolina: H0038 $11.97 and H0038 HQ $2.88 per unit). Expected payment is the lesser of the
  billed charge and units times the rate; a rejected line pays 0.00; a line with no known rate
  has no expected payment (null) and an information finding says so.

  @FED-PRICE-0001 @nc
  Scenario Outline: The North Carolina fee schedule prices a line at the lesser of charge and units times rate
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a claim line H0038 with modifiers <modifiers> units <units> on 2026-03-02 charging <charge>
    When the claim is checked
    Then the claim has no finding by rule FED-PRICE-0001
    And the line's expected payment is <expected>
    And the claim is accepted

    Examples:
      | modifiers | units | charge | rate  | expected |
      | none      | 4     | 100.00 | 11.97 | 47.88    |
      | none      | 10    | 150.00 | 11.97 | 119.70   |
      | none      | 4     | 40.00  | 11.97 | 40.00    |
      | HQ        | 4     | 100.00 | 2.88  | 11.52    |
      | HQ        | 4     | 10.00  | 2.88  | 10.00    |

  @FED-PRICE-0001 @nc
  Scenario Outline: An MCO's contract rate replaces the fee schedule
    Given a payer "NC-MCO-1" of state NC kind mco
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a contract of payer "NC-MCO-1" with the billing provider from 2025-01-01 to open covering H0038 with modifiers <modifiers> at <rate> per unit
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02 charging 100.00
    When the claim is checked
    Then the claim has no finding by rule FED-PRICE-0001
    And the line's expected payment is <expected>

    Examples:
      | modifiers | rate  | fee schedule | expected |
      | none      | 15.00 | 47.88        | 60.00    |
      | HQ        | 3.50  | 11.52        | 14.00    |

  @FED-PRICE-0001
  Scenario Outline: A line with no known rate has no expected payment and an information finding
    Given a payer "<payer>" of state <state> kind ffs
    And a member "M-1" born 1980-04-15 enrolled in <program> from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And the claim names supervising NPI 1555555550
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-PRICE-0001 with severity info and CARC 16
    And the line's expected payment is unknown
    And the claim is accepted

    @tx
    Examples: Texas
      | state | payer   | program     | credential |
      | TX    | TX-HHSC | TX-MEDICAID | TX-CPS     |

    @wa
    Examples: Washington
      | state | payer  | program     | credential |
      | WA    | WA-HCA | WA-MEDICAID | WA-CPS     |

    @ga
    Examples: Georgia
      | state | payer  | program     | credential |
      | GA    | GA-DCH | GA-MEDICAID | GA-CPS-MH  |

  @FED-CRED-0002 @FED-PRICE-0001 @nc
  Scenario: A rejected line pays nothing, whatever its rate
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 charging 100.00
    And a peer with NPI 1987654328 holding no credential
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 charging 100.00
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error
    And the claim has no finding by rule FED-PRICE-0001
    And the expected payment of line 1 is 47.88
    And the expected payment of line 2 is 0.00
    And the claim is rejected
