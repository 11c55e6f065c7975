@or
Feature: Oregon peer-delivered services (THW peers; H0038, HK with prior authorization)
  The Oregon Health Plan pays peer-delivered services by certified Peer Support Specialists (adult,
  youth and family categories), Peer Wellness Specialists and Certified Recovery Mentors. The code
  H0038, its rates and the prior authorization HK needs come from a private summary of the February
  2026 OHA fee schedule (S), so those findings warn; the Youth Support Specialist serves people no
  older than 30 (V as a definition; that a youth line is paid is S, so the age finding warns). No unit cap is known, so a claim is never accepted as fully checked.

  Background:
    Given a payer "OR-MEDICAID-FFS" of state OR kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: An Oregon claim is accepted but not fully checked: no Oregon unit limit is known
    Given a member "OR-100" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-PSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @OR-AUTH-0001
  Scenario Outline: H0038 with HK (specialized mental health) needs a prior authorization
    Given a member "OR-101" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-PSS issued 2019-01-01
    And an authorization "PA-OR-1" for H0038 with modifiers <authorized> units 40 from 2026-03-01 to 2026-05-31
    And a claim line H0038 with modifiers <billed> units 4 on <date>
    When the claim is checked
    Then the claim <verdict> by rule OR-AUTH-0001

    Examples:
      | authorized | billed | date       | verdict        |
      | HK         | HK     | 2026-03-02 | has no finding |
      | HE         | HK     | 2026-03-02 | has a finding  |
      | HK         | HK     | 2026-06-01 | has a finding  |
      | HK         | none   | 2026-06-01 | has no finding |
      | HE         | HK     | 2026-01-30 | has no finding |

  @OR-AUTH-0001
  Scenario: A missing HK prior authorization warns: the rule rests on a private summary of the fee schedule
    Given a member "OR-102" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-PSS issued 2019-01-01
    And a claim line H0038 with modifiers HK units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule OR-AUTH-0001 with severity warning and CARC 197 and RARC M62
    And the claim is accepted

  @FED-COV-0007
  Scenario Outline: Oregon's youth peer service (HA) is for members no older than 30
    Given a member "OR-103" born <birth> enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-YSS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0007

    Examples:
      | birth      | age | verdict        |
      | 2008-05-01 | 17  | has no finding |
      | 1995-03-03 | 30  | has no finding |
      | 1995-03-02 | 31  | has a finding  |

  @FED-COV-0007
  Scenario: A youth line for a 31-year-old warns: Oregon's youth service and its age rest on S evidence
    Given a member "OR-104" born 1995-03-02 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-YSS issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0007 with severity warning and CARC 6 and RARC N129
    And the claim is accepted

  @FED-CRED-0002
  Scenario Outline: The rendering peer holds a current Oregon THW peer certification
    Given a member "OR-105" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01 expires <expires>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | expires    | verdict        |
      | OR-PWS     | never      | has no finding |
      | OR-CRM     | never      | has no finding |
      | OR-PSS     | 2026-02-28 | has a finding  |
      | CO-CPFS    | never      | has a finding  |

  @FED-CRED-0004
  Scenario Outline: Each population's line is rendered by that population's Oregon peer category (inferred: a warning)
    Given a member "OR-106" born 2010-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0004

    Examples:
      | credential | modifiers | verdict        |
      | OR-FSS     | HS        | has no finding |
      | OR-YSS     | HA        | has no finding |
      | OR-CRM     | HF        | has no finding |
      | OR-PSS     | HS        | has a finding  |
      | OR-FSS     | HA        | has a finding  |
      | OR-CRM     | none      | has a finding  |

  @FED-COV-0001
  Scenario Outline: Oregon peer-delivered services are billed as H0038 from 2026-02-01
    Given a member "OR-107" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-PSS issued 2019-01-01
    And a claim line <procedure> with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0001

    Examples:
      | procedure | verdict        |
      | H0038     | has no finding |
      | H0025     | has a finding  |

  @FED-ELIG-0004
  Scenario Outline: Oregon peer-delivered services need OHP enrollment on the date of service
    Given a member "OR-108" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to <end>
    And a peer with NPI 1234567893 holding credential OR-PSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | end        | verdict        |
      | open       | has no finding |
      | 2026-02-28 | has a finding  |

  @FED-PRICE-0001
  Scenario Outline: The expected payment is the units at the Oregon fee schedule rate, HK at its own
    Given a member "OR-109" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-PSS issued 2019-01-01
    And an authorization "PA-OR-2" for H0038 with modifiers HK units 40 from 2026-03-01 to 2026-05-31
    And a claim line H0038 with modifiers <modifiers> units 4 on <date> charging 200.00
    When the claim is checked
    Then the line's expected payment is <payment>
    And the claim has no finding by rule FED-PRICE-0001

    Examples:
      | modifiers | date       | payment |
      | none      | 2026-03-02 | 105.96  |
      | HK        | 2026-03-02 | 132.48  |
      | HF        | 2026-03-02 | 105.96  |

  @FED-PRICE-0001
  Scenario: Before the February 2026 schedule no Oregon rate is known
    Given a member "OR-110" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-PSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-01-30 charging 200.00
    When the claim is checked
    Then the line's expected payment is unknown
    And the claim has a finding by rule FED-PRICE-0001

  @FED-CRED-0004
  Scenario: A family line by an adult Peer Support Specialist is flagged, not denied: the category rule is inferred
    Given a member "OR-111" born 2014-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-PSS issued 2019-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-CRED-0004 with severity warning and CARC 185 and RARC N95
    And the claim is accepted

  @FED-CRED-0005
  Scenario Outline: An Oregon THW peer was 18 or older when first certified
    Given a member "OR-112" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 born <born> holding credential OR-PSS issued 2024-06-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0005

    Examples:
      | born       | age when certified | verdict        |
      | 2006-06-01 | 18                 | has no finding |
      | 2006-06-02 | 17                 | has a finding  |
