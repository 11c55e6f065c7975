@ky
Feature: Kentucky peer support (adult, youth and family peer support specialists)
  Kentucky's Medicaid behavioral health services use adult, youth and family peer support
  specialists (908 KAR 2:220, 2:230, 2:240). A billable unit is actual time in a face-to-face
  encounter (907 KAR 15:010). Kentucky's peer code is not known: H0038 is inferred, and which
  credentials Medicaid accepts beyond the adult and youth specialists is inferred too, so those
  checks warn rather than deny. Whether Kentucky pays SUD and family peer support is unknown.

  Background:
    Given a payer "KY-MCD" of state KY kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001 @FED-CRED-0002 @FED-CRED-0004 @FED-ELIG-0004
  Scenario Outline: A line of a population Kentucky pays for, by its specialist, is accepted but not fully checked (no limit or authorization rule)
    Given a member "KY-100" born <born> enrolled in KY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2020-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-CRED-0004
    And the claim has no finding by rule FED-ELIG-0004
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is not fully checked
    And the claim is accepted

    Examples:
      | population          | born       | credential | modifiers |
      | adult mental health | 1980-04-15 | KY-APSS    | none      |
      | youth               | 2011-05-05 | KY-YPSS    | HA        |

  @FED-SCOPE-0003
  Scenario Outline: An SUD or family line is accepted but not fully checked: whether Kentucky Medicaid pays for it is unknown
    Given a member "KY-101" born 2012-09-09 enrolled in KY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2020-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is not fully checked
    And the claim is accepted

    Examples:
      | population | credential | modifiers |
      | family     | KY-FPSS    | HS        |
      | SUD        | KY-RADPSS  | HF        |

  @FED-CRED-0002
  Scenario: A peer holding no Kentucky peer credential is flagged, not denied: the accepted list is partly inferred
    Given a member "KY-102" born 1980-04-15 enrolled in KY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding no credential
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0002 with severity warning and CARC B7
    And the claim is accepted

  @FED-ELIG-0004
  Scenario: A member whose Kentucky Medicaid ended before the date of service is denied
    Given a member "KY-103" born 1980-04-15 enrolled in KY-MEDICAID from 2019-01-01 to 2025-12-31
    And a peer with NPI 1234567893 holding credential KY-APSS issued 2020-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0004 with severity error and CARC 27
    And the claim is rejected

  @KY-COV-0001
  Scenario Outline: An audio-only line is flagged (a unit is face-to-face time); in person or by video it is not
    Given a member "KY-104" born 1980-04-15 enrolled in KY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential KY-APSS issued 2020-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule KY-COV-0001

    Examples:
      | delivery              | modifiers | verdict        |
      | telephone (CPT 93)    | 93        | has a finding  |
      | telephone (HCPCS FQ)  | FQ        | has a finding  |
      | in person             | none      | has no finding |
      | two-way video         | 95        | has no finding |

  @KY-COV-0001
  Scenario: The audio-only finding is a warning with CARC 4, not a denial: the telehealth rule was not read
    Given a member "KY-105" born 1980-04-15 enrolled in KY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential KY-APSS issued 2020-01-01
    And a claim line H0038 with modifiers 93 units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule KY-COV-0001 with severity warning and CARC 4
    And the claim is accepted

  @FED-CRED-0004
  Scenario Outline: A Kentucky line rendered by another population's specialist is flagged, not denied (which specialist renders which line is inferred)
    Given a member "KY-106" born <born> enrolled in KY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2020-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0004 with severity warning and CARC 185
    And the claim is accepted

    Examples:
      | line                                  | born       | credential | modifiers |
      | youth, by an adult specialist          | 2011-05-05 | KY-APSS    | HA        |
      | adult mental health, by a youth one    | 1980-04-15 | KY-YPSS    | none      |

  @FED-CRED-0005
  Scenario Outline: An adult peer support specialist certified before 18 is flagged (the bound is from a secondary page); at 18 or older not
    Given a member "KY-107" born 1980-04-15 enrolled in KY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 born <peer_born> holding credential KY-APSS issued 2020-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0005
    And the claim is accepted

    Examples:
      | peer's age when certified | peer_born  | verdict        |
      | 17                        | 2002-06-01 | has a finding  |
      | 18                        | 2001-12-31 | has no finding |
