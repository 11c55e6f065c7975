@id
Feature: Idaho peer support (IBHP)
  Idaho's behavioral health plan bills adult, youth and family peer support and recovery
  coaching (the contractor's pages). Codes and limits were not found, so an Idaho claim is never
  accepted as fully checked.

  Background:
    Given a payer "ID-MCD" of state ID kind ffs
    And a member "ID-100" born 1980-04-15 enrolled in ID-MEDICAID from 2019-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential ID-CPSS issued 2020-01-01

  @FED-SCOPE-0001
  Scenario: An Idaho claim is accepted but not fully checked: Idaho encodes no enrollment, credential, limit or authorization rule
    Given a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted
