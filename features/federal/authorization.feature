@federal @ct
Feature: A plan of care or prior authorization covers the service where the state requires one
  42 CFR 441.301(b)(1)(i) requires services under a written person-centered service plan. Where
  a state pack lists a procedure as needing one (Connecticut: H0038 under its Mental Health
  Waiver), a line is covered when an authorization for its member, billing provider, procedure
  and modifiers spans its date of service; the units billed against it by that provider stay
  within the units it authorizes; and a prior authorization number sent on the claim (REF*G1)
  names it. Modifiers that describe delivery or billing (GT, 95, 93, KX, 59, X-modifiers) do not
  change the service: a plan of care for H0038 HE covers a telehealth line H0038 HE GT, and one
  that lists GT covers only GT lines.

  Background:
    Given a payer "CT-DSS" of state CT kind ffs
    And a member "CT-100" born 1980-04-15 enrolled in CT-MHW from 2022-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential CT-RSS issued 2020-01-01

  @FED-AUTH-0001
  Scenario: A line no plan of care covers is denied
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-AUTH-0001 with severity error and CARC 272
    And the claim is rejected

  @FED-AUTH-0001
  Scenario Outline: A plan of care covers only its member's lines, for its provider, code and dates
    Given an authorization "CT-POC-1" for H0038 with modifiers <authorized modifiers> units 40 from <start> to <end>
    And a claim line H0038 with modifiers <billed modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-AUTH-0001

    Examples:
      | authorized modifiers | start      | end        | billed modifiers | verdict        |
      | none                 | 2026-01-01 | 2026-06-30 | none             | has no finding |
      | none                 | 2026-03-02 | 2026-03-02 | none             | has no finding |
      | none                 | 2025-07-01 | 2026-03-01 | none             | has a finding  |
      | none                 | 2026-03-03 | 2026-09-30 | none             | has a finding  |
      | HQ                   | 2026-01-01 | 2026-06-30 | none             | has a finding  |
      | HQ                   | 2026-01-01 | 2026-06-30 | HQ               | has no finding |

  @FED-AUTH-0001
  Scenario Outline: A plan of care matches the modifiers that define the service, not those of its delivery
    Given an authorization "CT-POC-1" for H0038 with modifiers <authorized modifiers> units 40 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with modifiers <billed modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-AUTH-0001

    Examples:
      | authorized modifiers | billed modifiers | verdict        |
      | HE                   | HE GT            | has no finding |
      | HE                   | HE 95            | has no finding |
      | HE                   | HE 93 KX         | has no finding |
      | none                 | XU 59            | has no finding |
      | HE GT                | HE GT            | has no finding |
      | HE GT                | HE               | has a finding  |
      | HE GT                | HE 95            | has a finding  |
      | HE                   | HF GT            | has a finding  |
      | HE                   | HE HQ GT         | has a finding  |

  @FED-AUTH-0002
  Scenario Outline: Units billed within a plan of care's period stay within the units it authorizes
    Given an authorization "CT-POC-1" for H0038 with no modifiers units 8 from 2026-01-01 to 2026-06-30
    And a history line H0038 with no modifiers units <earlier units> on 2026-02-02 by NPI 1122334455
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-AUTH-0002

    Examples:
      | earlier units | units used with this line | verdict        |
      | 4             | 8                         | has no finding |
      | 5             | 9                         | has a finding  |

  @FED-AUTH-0002
  Scenario Outline: Only the lines of the provider the plan of care was issued to use up its units
    Given an authorization "CT-POC-1" for H0038 with modifiers HE units 8 from 2026-01-01 to 2026-06-30
    And a history line H0038 with modifiers <earlier modifiers> units 5 on 2026-02-02 by NPI <billed by>
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-AUTH-0002

    Examples: another agency's history (billing provider 1999999992) leaves this one's plan whole
      | earlier modifiers | billed by  | modifiers | verdict        |
      | HE                | 1122334455 | HE        | has a finding  |
      | HE                | 1999999992 | HE        | has no finding |
      | HE GT             | 1122334455 | HE        | has a finding  |
      | HE                | 1122334455 | HE GT     | has a finding  |
      | HE GT             | 1999999992 | HE GT     | has no finding |
      | HF                | 1122334455 | HE        | has no finding |

  @FED-AUTH-0002 @FED-DUP-0001
  Scenario: A paid line of this agency rendered by its peer uses up the plan and is the same service
    Given an authorization "CT-POC-1" for H0038 with modifiers HE units 6 from 2026-01-01 to 2026-06-30
    And a history line H0038 with modifiers HE units 4 on 2026-03-02 by NPI 1122334455 rendered by NPI 1234567893
    And a claim line H0038 with modifiers HE units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-DUP-0001
    And the claim has a finding by rule FED-AUTH-0002

  @FED-AUTH-0002 @FED-AUTH-0001
  Scenario: Units beyond those the plan of care authorizes are denied
    Given an authorization "CT-POC-1" for H0038 with no modifiers units 8 from 2026-01-01 to 2026-06-30
    And a claim line H0038 with no modifiers units 12 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-AUTH-0002 with severity error and CARC 198
    And the claim has no finding by rule FED-AUTH-0001

  @FED-AUTH-0002
  Scenario: Over the plan of care's units, the fix names how many units fit
    Given an authorization "CT-POC-1" for H0038 with no modifiers units 24 from 2026-01-01 to 2026-06-30
    And a history line H0038 with no modifiers units 20 on 2026-02-02 by NPI 1122334455
    And a claim line H0038 with no modifiers units 8 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-AUTH-0002
    And the finding by rule FED-AUTH-0002 says "Bill at most 4 units of H0038 for 2026-03-02 on authorization CT-POC-1: 20 of its 24 are already used"

  @FED-AUTH-0003
  Scenario: A prior authorization number that is not the covering authorization's is flagged, not denied (the rule is inferred)
    Given an authorization "CT-POC-1" for H0038 with no modifiers units 40 from 2026-01-01 to 2026-06-30
    And the claim cites prior authorization "CT-POC-9"
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-AUTH-0003 with severity warning and CARC 15
    And the claim is not fully checked

  @FED-AUTH-0003 @FED-AUTH-0001
  Scenario: A prior authorization number naming the covering authorization is accepted
    Given an authorization "CT-POC-1" for H0038 with no modifiers units 40 from 2026-01-01 to 2026-06-30
    And the claim cites prior authorization "CT-POC-1"
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-AUTH-0003
    And the claim has no finding by rule FED-AUTH-0001
    And the claim is accepted
