@nd
Feature: North Dakota peer support: what is checked and what is not
  North Dakota pays Peer Support through its 1915(i) behavioral health HCBS benefit, rendered by
  CPSS I or II; the credential and the code are checked (the code, H0038, is an inference);
  enrollment, limits and authorization are not, so a claim is never silently accepted.

  Background:
    Given a payer "ND-MEDICAID-FFS" of state ND kind ffs
    And a billing provider with NPI 1122334455

  @FED-CRED-0002 @FED-COV-0001
  Scenario: A session by a peer holding a North Dakota credential is judged by the North Dakota parameters
    Given a member "ND-200" born 1980-04-15 enrolled in ND-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential ND-CPSS-I issued 2019-01-01 expires 2027-12-31
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-CRED-0002
    And the claim has no finding by rule FED-COV-0001
    And the claim is accepted

  @FED-CRED-0002
  Scenario Outline: The rendering peer holds a credential North Dakota accepts, current on the date of service
    Given a member "ND-202" born 1980-04-15 enrolled in ND-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential <credential> issued 2019-01-01 expires <expires>
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim <verdict> by rule FED-CRED-0002

    Examples:
      | credential | expires    | verdict        |
      | ND-CPSS-I  | never      | has no finding |
      | ND-CPSS-II | never      | has no finding |
      | ND-CPSS-I  | 2026-03-01 | has a finding  |
      | VA-PRS     | never      | has a finding  |

  @FED-COV-0001
  Scenario: A line billed with another code than the one this pack reads as North Dakota's peer support code is flagged
    Given a member "ND-203" born 1980-04-15 enrolled in ND-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential ND-CPSS-I issued 2019-01-01
    And a claim line H0046 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-COV-0001

  @FED-SCOPE-0001
  Scenario: A North Dakota peer support claim is accepted but not fully checked: no North Dakota rules encoded
    Given a member "ND-100" born 1980-04-15 enrolled in ND-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential ND-CPSS-I issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A North Dakota youth peer line is not fully checked: youth coverage is only inferred
    Given a member "ND-101" born 2012-04-15 enrolled in ND-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential ND-CPSS-II issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
