@co
Feature: Colorado peer support (RAE-billed peer services)
  Health First Colorado pays peer services through the Regional Accountable Entities and
  Recovery Support Services Organizations, and Peer Mentorship in six HCBS waivers. From 2025-07-01
  HCPF limited the codes billable for peers (the list was not read: H0038 stands for it, inferred).
  A member must be enrolled in Health First Colorado on the date of service (V). From 2026-07-01 the
  peer must be credentialed (two wordings, credentials U: a warning). No limit or authorization rule
  is known, so a Colorado claim is never accepted as fully checked.

  Background:
    Given a payer "CO-MCD" of state CO kind ffs
    And a member "CO-100" born 1980-04-15 enrolled in CO-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential CO-CPFS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Colorado claim is accepted but not fully checked: Colorado encodes no limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A youth line is not fully checked: whether Colorado Medicaid pays for it is unknown
    Given a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted

  @FED-SCOPE-0002
  Scenario Outline: Colorado's rules judge dates of service from the 2025-07-01 code limitation
    Given a claim line H0038 with no modifiers units 4 on <date>
    When the claim is checked
    Then the claim <verdict> by rule FED-SCOPE-0002

    Examples:
      | date       | verdict        |
      | 2025-06-30 | has a finding  |
      | 2025-07-01 | has no finding |

  @FED-ELIG-0004
  Scenario Outline: Colorado peer services need Health First Colorado enrollment on the date of service
    Given a member "CO-101" born 1980-04-15 enrolled in CO-MEDICAID from 2019-01-01 to <end>
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | end        | modifiers | verdict        |
      | open       | none      | has no finding |
      | open       | HF        | has no finding |
      | 2026-02-28 | none      | has a finding  |
      | 2026-02-28 | HS        | has a finding  |

  @FED-ELIG-0004
  Scenario: A line after the member's Health First Colorado enrollment ended is denied
    Given a member "CO-102" born 1980-04-15 enrolled in CO-MEDICAID from 2019-01-01 to 2026-02-28
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0004 with severity error and CARC 27 and RARC N30
    And the claim is rejected

  @FED-COV-0001
  Scenario Outline: A code other than H0038 is flagged, not denied: Colorado's peer code list was not read
    Given a claim line <procedure> with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0001

    Examples:
      | procedure | verdict        |
      | H0038     | has no finding |
      | H0025     | has a finding  |

  @CO-CRED-0001
  Scenario Outline: From 2026-07-01 the peer must be credentialed
    Given a peer with NPI 1987654328 holding credential <credential> issued 2020-01-01 expires <expires>
    And a claim line H0038 with no modifiers units 4 on <date>
    When the claim is checked
    Then the claim <verdict> by rule CO-CRED-0001

    Examples:
      | credential | expires    | date       | verdict        |
      | CO-CPFS    | never      | 2026-07-01 | has no finding |
      | CO-CPFS    | 2026-06-30 | 2026-06-30 | has no finding |
      | CO-CPFS    | 2026-06-30 | 2026-07-01 | has a finding  |
      | OR-PSS     | never      | 2026-06-30 | has no finding |
      | OR-PSS     | never      | 2026-07-01 | has a finding  |

  @CO-CRED-0001
  Scenario: An uncredentialed peer after 2026-07-01 is a warning: the two HCPF wordings and the credential list are unresolved
    Given a peer with NPI 1987654328 holding credential OR-PSS issued 2020-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-07-06
    When the claim is checked
    Then the claim has a finding by rule CO-CRED-0001 with severity warning and CARC B7 and RARC N290
    And the claim is accepted
