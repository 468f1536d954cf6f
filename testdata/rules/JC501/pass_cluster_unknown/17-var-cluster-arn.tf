variable "cluster_arn" {
  type = string
}
