@mi
Feature: Michigan peer support: what is checked and what is not
  Michigan's PIHPs and CMHSPs pay peer services by CPSS (mental health), recovery coaches (SUD),
  youth peer support specialists and parent support partners. The codes are not verified, so no
  Michigan rule is encoded and a claim is never silently accepted.

  Background:
    Given a payer "MI-MEDICAID-FFS" of state MI kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A Michigan peer support claim is accepted but not fully checked: no Michigan rules encoded
    Given a member "MI-100" born 1980-04-15 enrolled in MI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential MI-CPSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted
