@ks
Feature: Kansas peer support (Parent Peer Support H0038)
  Kansas covers Parent Peer Support as H0038 (HQ for group, at most 8 in a group) from dates
  of service 2023-01-01, for members enrolled in KS-MEDICAID. Adult and SUD peer support are
  inferred, not verified, and no credential or authorization rule is encoded, so a Kansas claim
  is never accepted as fully checked.

  Background:
    Given a payer "KS-MCD" of state KS kind ffs
    And a member "KS-100" born 1980-04-15 enrolled in KS-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential KS-CPS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: A Kansas claim is accepted but not fully checked: Kansas encodes no credential or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-COV-0005
  Scenario: Parent Peer Support before 2023-01-01 is not covered
    Given a claim line H0038 with modifiers HS units 4 on 2022-12-30
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0005 with severity error
    And the claim is rejected

  @FED-COV-0005
  Scenario Outline: Parent Peer Support from 2023-01-01 is covered, with or without the member present
    Given a claim line H0038 with modifiers <modifiers> units 4 on <date>
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0005

    Examples:
      | modifiers | date       | verdict        |
      | HS        | 2023-01-03 | has no finding |
      | HR        | 2023-01-03 | has no finding |
      | HS HQ     | 2026-03-02 | has no finding |
      | HR        | 2022-12-31 | has a finding  |

  @KS-LIM-0001
  Scenario Outline: A Kansas H0038 group session serves at most 8 members
    Given history lines H0038 with modifiers HQ units 4 on 2026-03-02 by NPI 1234567893 for <others> other members
    And a claim line H0038 with modifiers HS HQ units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule KS-LIM-0001

    Examples:
      | others | members in the group | verdict        |
      | 7      | 8                    | has no finding |
      | 8      | 9                    | has a finding  |

  @KS-LIM-0001
  Scenario: The Kansas group cap starts with Parent Peer Support on 2023-01-01
    Given history lines H0038 with modifiers HQ units 4 on 2022-12-30 by NPI 1234567893 for 8 other members
    And a claim line H0038 with modifiers HS HQ units 4 on 2022-12-30
    When the claim is checked
    Then the claim has no finding by rule KS-LIM-0001

  @FED-COV-0001
  Scenario Outline: Kansas peer support is billed as H0038 from 2023-01-01
    Given a claim line <procedure> with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0001

    Examples:
      | procedure | verdict        |
      | H0038     | has no finding |
      | H0025     | has a finding  |

  @FED-ELIG-0004
  Scenario Outline: Kansas Parent Peer Support needs Kansas Medicaid enrollment on the date of service
    Given a member "KS-101" born 1980-04-15 enrolled in KS-MEDICAID from 2019-01-01 to <end>
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | end        | verdict        |
      | open       | has no finding |
      | 2026-01-31 | has a finding  |

  @FED-COV-0002
  Scenario Outline: A Kansas peer line at a place of service outside the federal list gets a warning
    Given a claim line H0038 with modifiers HS units 4 on 2026-03-02 at place of service <place>
    When the claim is checked
    Then the claim <verdict> by rule FED-COV-0002

    Examples:
      | place | meaning            | verdict        |
      | 11    | office             | has no finding |
      | 21    | inpatient hospital | has a finding  |
