@tx
Feature: Texas peer specialist services (H0038)
  Texas Medicaid pays H0038 peer specialist services for members aged 21 or older enrolled in
  TX-MEDICAID, rendered by a certified peer specialist (TX-CPS) under a supervisor named on
  the claim. A member may receive at most 104 units in any rolling six months unless the
  services are prior authorized, and a group session serves at most 12 members.

  Background:
    Given a payer "TX-HHSC" of state TX kind ffs
    And a member "TX-100" born 1990-06-01 enrolled in TX-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential TX-CPS issued 2019-01-01

  @FED-COV-0004 @FED-CRED-0002 @FED-ELIG-0004 @FED-SUP-0001 @TX-LIM-0001
  Scenario: A supervised certified peer specialist's session with an adult member is accepted
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    And the claim names supervising NPI 1555555550
    When the claim is checked
    Then the claim has no finding by rule FED-COV-0004
    And the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-ELIG-0004
    And the claim has no finding by rule FED-SUP-0001
    And the claim has no finding by rule TX-LIM-0001
    And the claim is accepted

  @FED-COV-0004
  Scenario Outline: H0038 is covered from the member's 21st birthday
    Given a member "TX-101" born <birth> enrolled in TX-MEDICAID from 2019-01-01 to open
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0004

    Examples:
      | birth      | age on 2026-03-02 | verdict        |
      | 2005-03-02 | 21                | has no finding |
      | 2005-03-03 | 20                | has a finding  |

  @FED-CRED-0002
  Scenario: A peer without the Texas certified peer specialist credential is denied
    Given a peer with NPI 1987654328 holding credential WA-CPC issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7

  @FED-SUP-0001
  Scenario: A claim that names no supervisor is flagged, not denied (that the claim names the supervisor is inferred)
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-SUP-0001 with severity warning and CARC 16
    And the claim is not fully checked

  @TX-LIM-0001
  Scenario Outline: Units in the six months ending on the date of service are capped at 104
    Given a history line H0038 with no modifiers units <earlier units> on <earlier date> by NPI 1234567893
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule TX-LIM-0001

    Examples:
      | earlier units | earlier date | units in the window | verdict        |
      | 96            | 2025-12-01   | 104                 | has no finding |
      | 97            | 2025-12-01   | 105                 | has a finding  |
      | 100           | 2025-09-03   | 108                 | has a finding  |
      | 100           | 2025-09-02   | 8                   | has no finding |

  @TX-LIM-0001
  Scenario: Prior authorized units are not held to the six-month cap
    Given a history line H0038 with no modifiers units 100 on 2025-12-01 by NPI 1234567893
    And an authorization "TX-PA-1" for H0038 with no modifiers units 200 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule TX-LIM-0001

  @TX-LIM-0002
  Scenario Outline: A group session serves at most 12 members
    Given history lines H0038 with modifiers HQ units 4 on 2026-03-02 by NPI 1234567893 for <others> other members
    And a claim line H0038 with modifiers HQ units 4 on 2026-03-02
    And the claim names supervising NPI 1555555550
    When the claim is checked
    Then the claim <verdict> by rule TX-LIM-0002

    Examples:
      | others | members in the group | verdict        |
      | 11     | 12                   | has no finding |
      | 12     | 13                   | has a finding  |
