@wi
Feature: Wisconsin peer support: what is checked and what is not
  Wisconsin Medical Assistance pays peer recovery coach services (2019 Act 122) for recipients in
  mental health or SUD treatment. Its start date and code are unknown, so no Wisconsin rule is
  encoded and a claim is never silently accepted.

  Background:
    Given a payer "WI-MEDICAID-FFS" of state WI kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A Wisconsin peer recovery coach claim is accepted but not fully checked: no Wisconsin rules encoded
    Given a member "WI-100" born 1980-04-15 enrolled in WI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WI-PRC issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A Wisconsin parent peer line is not fully checked: family coverage is only inferred
    Given a member "WI-101" born 1980-04-15 enrolled in WI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential WI-CPPS issued 2019-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
