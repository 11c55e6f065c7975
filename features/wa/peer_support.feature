@wa
Feature: Washington peer support services (H0038)
  Washington pays H0038 peer support for members enrolled in WA-MEDICAID. The Health Care
  Authority's Certified Peer Counselor (WA-CPC) renders it for dates of service through
  2026-12-31; the Department of Health's Certified Peer Specialist (WA-CPS) and its trainee
  level (WA-CPS-T) are accepted from 2025-07-01 and are the only credentials accepted from
  2027-01-01. A member receives at most 16 units of peer support a day.

  Background:
    Given a payer "WA-HCA" of state WA kind ffs
    And a member "WA-100" born 1980-04-15 enrolled in WA-MEDICAID from 2019-07-01 to open
    And a billing provider with NPI 1122334455

  @FED-CRED-0002 @WA-LIM-0001
  Scenario: A certified peer counselor's session in 2026 is accepted
    Given a peer with NPI 1234567893 holding credential WA-CPC issued 2019-07-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule WA-LIM-0001
    And the claim is accepted

  @FED-CRED-0002
  Scenario Outline: The peer's credential is one Washington accepts on the date of service
    Given a peer with NPI 1234567893 holding credential <credential> issued 2019-07-01
    And a claim line H0038 with no modifiers units 4 on <date>
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples: Certified Peer Counselor, through 2026-12-31
      | credential | date       | verdict        |
      | WA-CPC     | 2025-06-30 | has no finding |
      | WA-CPC     | 2026-12-31 | has no finding |
      | WA-CPC     | 2027-01-01 | has a finding  |

    Examples: Certified Peer Specialist and trainee, from 2025-07-01
      | credential | date       | verdict        |
      | WA-CPS     | 2025-06-30 | has a finding  |
      | WA-CPS     | 2025-07-01 | has no finding |
      | WA-CPS     | 2027-01-01 | has no finding |
      | WA-CPS-T   | 2025-06-30 | has a finding  |
      | WA-CPS-T   | 2025-07-01 | has no finding |
      | WA-CPS-T   | 2027-01-01 | has no finding |

  @FED-CRED-0002
  Scenario: From 2027 a Certified Peer Counselor without the DOH certification is denied
    Given a peer with NPI 1234567893 holding credential WA-CPC issued 2019-07-01
    And a claim line H0038 with no modifiers units 4 on 2027-01-04
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity error and CARC B7
    And the claim is rejected

  @FED-CRED-0002
  Scenario: A peer holding both credentials through the transition is accepted on either side of it
    Given a peer with NPI 1234567893 holding credential WA-CPC issued 2019-07-01 expires 2026-12-31
    And a peer with NPI 1234567893 holding credential WA-CPS issued 2025-09-01
    And a claim line H0038 with no modifiers units 4 on 2026-12-31
    And a claim line H0038 with no modifiers units 4 on 2027-01-04
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002

  @WA-LIM-0001
  Scenario Outline: A member receives at most 16 units of peer support a day
    Given a peer with NPI 1234567893 holding credential WA-CPS issued 2025-07-01
    And a claim line H0038 with no modifiers units <first> on 2026-03-02
    And a claim line H0038 with no modifiers units <second> on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule WA-LIM-0001

    Examples:
      | first | second | units on 2026-03-02 | verdict        |
      | 8     | 8      | 16                  | has no finding |
      | 8     | 9      | 17                  | has a finding  |

  @WA-LIM-0001
  Scenario: Units beyond 16 in a day are flagged, not denied (the limit's source names no state)
    Given a peer with NPI 1234567893 holding credential WA-CPS issued 2025-07-01
    And a claim line H0038 with no modifiers units 17 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule WA-LIM-0001 with severity warning and CARC 119
    And the claim is accepted
    And the claim is not fully checked
