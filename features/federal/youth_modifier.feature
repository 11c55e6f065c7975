@federal @ny @va @wa
Feature: The youth modifier (HA) is for a member young enough for the state's child and adolescent service
  HA marks a child and adolescent program. Where the state's pack says how old its members may be
  for its youth service (New York CFTSS youth and family peer support: birth up to 21; Virginia's
  only peer service for children, family support partners: caregivers of members under 21), an HA
  line for an older member is denied. Where the pack gives no age, the line is flagged against the
  federal default (under 21, EPSDT's age, an inference), not denied.

  @FED-COV-0007
  Scenario Outline: New York youth peer support (CFTSS) ends at 21
    Given a payer "NY-MEDICAID-FFS" of state NY kind ffs
    And a billing provider with NPI 1122334455
    And a member "NY-100" born <birth> enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NY-YPA issued 2019-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0007

    Examples:
      | birth      | modifiers | age on 2026-03-02 | verdict        |
      | 2005-03-03 | HA        | 20                | has no finding |
      | 2005-03-02 | HA        | 21                | has a finding  |
      | 1990-06-01 | HA GT     | 35                | has a finding  |
      | 1990-06-01 | HE        | 35                | has no finding |

  @FED-COV-0007
  Scenario Outline: Virginia family support partners serve caregivers of members under 21
    Given a payer "VA-MEDICAID-FFS" of state VA kind ffs
    And a billing provider with NPI 1122334455
    And a member "VA-100" born <birth> enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0007

    Examples:
      | birth      | verdict        |
      | 2010-01-01 | has no finding |
      | 1980-04-15 | has a finding  |

  @FED-COV-0007
  Scenario Outline: Where the pack gives no age (Washington), an adult's HA line is flagged, not denied
    Given a payer "WA-MEDICAID-FFS" of state WA kind ffs
    And a billing provider with NPI 1122334455
    And a member "WA-100" born <birth> enrolled in WA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WA-CPS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0007

    Examples:
      | birth      | verdict        |
      | 2008-01-01 | has no finding |
      | 2000-01-01 | has a finding  |

  @FED-COV-0007
  Scenario: An adult's HA line in New York is denied as inconsistent with the member's age
    Given a payer "NY-MEDICAID-FFS" of state NY kind ffs
    And a billing provider with NPI 1122334455
    And a member "NY-101" born 1990-06-01 enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NY-YPA issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0007 with severity error and CARC 6
    And the claim is rejected

  @FED-COV-0007
  Scenario: An adult's HA line in Virginia is denied (family support partners, members under 21: V)
    Given a payer "VA-MEDICAID-FFS" of state VA kind ffs
    And a billing provider with NPI 1122334455
    And a member "VA-101" born 1980-04-15 enrolled in VA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential VA-PRS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0007 with severity error and CARC 6

  @FED-COV-0007
  Scenario: An adult's HA line in Washington is a warning: the pack gives no age, under 21 is inferred
    Given a payer "WA-MEDICAID-FFS" of state WA kind ffs
    And a billing provider with NPI 1122334455
    And a member "WA-101" born 2000-01-01 enrolled in WA-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WA-CPS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0007 with severity warning and CARC 6
