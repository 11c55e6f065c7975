@ok
Feature: Oklahoma peer support: what is checked and what is not
  Oklahoma Medicaid covers PRSS services for mental illness and SUD, rendered by ODMHSAS-certified
  C-PRSS. Enrollment, the credential and the code are checked (the code, H0038, is an inference);
  limits are unknown, so a claim is never silently accepted.

  Background:
    Given a payer "OK-MEDICAID-FFS" of state OK kind ffs
    And a billing provider with NPI 1122334455

  @FED-CRED-0002 @FED-COV-0001 @FED-ELIG-0004
  Scenario: A session by a peer holding a Oklahoma credential is judged by the Oklahoma parameters
    Given a member "OK-200" born 1980-04-15 enrolled in OK-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OK-CPRSS issued 2019-01-01 expires 2027-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-COV-0001
    And the claim has no finding by rule FED-ELIG-0004
    And the claim is accepted

  @FED-ELIG-0004
  Scenario Outline: The member is enrolled in Oklahoma Medicaid on the date of service
    Given a member "OK-201" born 1980-04-15 enrolled in OK-MEDICAID from 2019-01-01 to <end>
    And a peer with NPI 1234567893 holding credential OK-CPRSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-ELIG-0004

    Examples:
      | end        | verdict        |
      | open       | has no finding |
      | 2026-03-01 | has a finding  |

  @FED-CRED-0002
  Scenario Outline: The rendering peer holds a credential Oklahoma accepts, current on the date of service
    Given a member "OK-202" born 1980-04-15 enrolled in OK-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01 expires <expires>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | expires    | verdict        |
      | OK-CPRSS   | never      | has no finding |
      | OK-FPRSS   | never      | has no finding |
      | OK-CPRSS   | 2026-03-01 | has a finding  |
      | VA-PRS     | never      | has a finding  |

  @FED-COV-0001
  Scenario: A line billed with another code than the one this pack reads as Oklahoma's peer support code is flagged
    Given a member "OK-203" born 1980-04-15 enrolled in OK-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OK-CPRSS issued 2019-01-01
    And a claim line H0046 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001

  @FED-SCOPE-0001
  Scenario: An Oklahoma PRSS claim is accepted but not fully checked: no Oklahoma rules encoded
    Given a member "OK-100" born 1980-04-15 enrolled in OK-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OK-CPRSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: An Oklahoma family peer line is not fully checked: Family PRSS billing unknown
    Given a member "OK-101" born 1980-04-15 enrolled in OK-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OK-FPRSS issued 2019-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
