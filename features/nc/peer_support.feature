@nc
Feature: North Carolina peer support services (H0038, H0038 HQ)
  North Carolina pays peer support as H0038 (individual) and H0038 HQ (group) for members
  enrolled in NC-MEDICAID, rendered by an NC Certified Peer Support Specialist (NC-CPSS). The
  U4 modifier codes (H0038 U4, H0038 HQ U4) ended on 2019-10-31. A member has 24 unmanaged
  units per state fiscal year (July to June); units beyond that need prior approval. The fee
  schedule pays $11.97 a unit for H0038 and $2.88 a unit for H0038 HQ.

  Background:
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-01-01

  @NC-COD-0001 @NC-LIM-0001 @FED-CRED-0002 @FED-PRICE-0001
  Scenario: A certified peer support specialist's session is accepted and paid at the fee schedule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02 charging 100.00
    When the claim is checked
    Then the claim has no finding by rule NC-COD-0001
    And the claim has no finding by rule NC-LIM-0001
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-PRICE-0001
    And the line's expected payment is 47.88
    And the claim is accepted

  @FED-PRICE-0001
  Scenario Outline: The fee schedule pays per unit, up to the billed charge
    Given a claim line H0038 with modifiers <modifiers> units <units> on 2026-03-02 charging <charge>
    When the claim is checked
    Then the claim has no finding by rule FED-PRICE-0001
    And the line's expected payment is <expected>

    Examples:
      | service    | modifiers | units | charge | rate per unit | expected |
      | individual | none      | 4     | 100.00 | 11.97         | 47.88    |
      | individual | none      | 1     | 100.00 | 11.97         | 11.97    |
      | group      | HQ        | 4     | 100.00 | 2.88          | 11.52    |
      | group      | HQ        | 8     | 20.00  | 2.88          | 20.00    |

  @NC-COD-0001
  Scenario Outline: The U4 modifier ended on 2019-10-31
    Given a claim line H0038 with modifiers <modifiers> units 4 on <date>
    When the claim is checked
    Then the claim <verdict> by rule NC-COD-0001

    Examples:
      | modifiers | date       | verdict        |
      | U4        | 2019-10-31 | has no finding |
      | U4        | 2019-11-01 | has a finding  |
      | HQ U4     | 2019-11-01 | has a finding  |
      | none      | 2019-11-01 | has no finding |
      | HQ        | 2019-11-01 | has no finding |

  @NC-COD-0001
  Scenario: A line billed with U4 after 2019-10-31 is denied
    Given a claim line H0038 with modifiers U4 units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule NC-COD-0001 with severity error and CARC 182
    And the claim is rejected

  @NC-LIM-0001
  Scenario Outline: A member has 24 unmanaged units per state fiscal year, July to June
    Given a history line H0038 with modifiers <earlier modifiers> units <earlier units> on <earlier date> by NPI 1234567893
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule NC-LIM-0001

    Examples:
      | earlier modifiers | earlier units | earlier date | units from 2025-07-01 | verdict        |
      | none              | 16            | 2025-07-01   | 24                    | has no finding |
      | none              | 17            | 2025-07-01   | 25                    | has a finding  |
      | HQ                | 17            | 2025-12-15   | 25                    | has a finding  |
      | none              | 20            | 2025-06-30   | 8                     | has no finding |

  @NC-LIM-0001
  Scenario: Units beyond the unmanaged 24 without prior approval are flagged, not denied (counting per fiscal year is inferred)
    Given a history line H0038 with no modifiers units 20 on 2025-09-15 by NPI 1234567893
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule NC-LIM-0001 with severity warning and CARC 197
    And the line's expected payment is 95.76
    And the claim is not fully checked

  @NC-LIM-0001
  Scenario: Units beyond the unmanaged 24 with prior approval are not limited
    Given a history line H0038 with no modifiers units 20 on 2025-09-15 by NPI 1234567893
    And an authorization "NC-PA-1" for H0038 with no modifiers units 48 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule NC-LIM-0001
    And the line's expected payment is 95.76

  @FED-CRED-0002
  Scenario: A peer who is not an NC Certified Peer Support Specialist is denied
    Given a peer with NPI 1987654328 holding credential TX-CPS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7
