@or
Feature: Oregon peer support: what is checked and what is not
  The Oregon Health Plan pays peer-delivered services by Peer Support Specialists, Peer Wellness
  Specialists and Certified Recovery Mentors. The code and rates come from a private summary, so
  no Oregon rule is encoded and a claim is never silently accepted.

  Background:
    Given a payer "OR-MEDICAID-FFS" of state OR kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: An Oregon peer-delivered services claim is accepted but not fully checked: no Oregon rules encoded
    Given a member "OR-100" born 1980-04-15 enrolled in OR-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential OR-PSS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted
