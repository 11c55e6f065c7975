@oh
Feature: Ohio peer support: what is checked and what is not
  Ohio Medicaid covers peer recovery services for mental health or SUD needs (OAC 5160-27-14),
  rendered by OhioMHAS-certified CPRS, CYPS or CFPS. The procedure code is not verified, so no
  Ohio rule is encoded yet and a claim is never silently accepted.

  Background:
    Given a payer "OH-MEDICAID-FFS" of state OH kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: An Ohio peer recovery claim is accepted but not fully checked: no Ohio rules encoded
    Given a member "OH-100" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OH-CPRS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: An Ohio family peer line is not fully checked: family coverage is only inferred
    Given a member "OH-101" born 1980-04-15 enrolled in OH-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OH-CFPS issued 2019-01-01
    And a claim line H0038 with modifiers HS units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
